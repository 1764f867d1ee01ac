package io.dataflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every fenced {@code java} block of README.md and docs/*.md compiles against the library: they are
 * the first code a user copies. Each block becomes the body of a method in a class of its own, with
 * the imports it needs (each capitalised name resolved against DataFlow's packages and the JDK's,
 * the doc's own capability first when two packages have the name), the guide's models and the
 * variables the prose assumes ({@code db}, {@code sql}, {@code workflow}, ...) unless it declares them.
 * Nothing runs: this checks the API the docs show exists, with those types.
 */
class DocSnippetsTest {

    /** Where names are looked up, in order; a doc's own package is tried first. */
    private static final List<String> PACKAGES = List.of("io.dataflow", "io.dataflow.model", "io.dataflow.workflow", "io.dataflow.crud",
            "io.dataflow.cache", "io.dataflow.plan", "io.dataflow.rewrite", "io.dataflow.stats", "io.dataflow.maintenance",
            "io.dataflow.partition", "io.dataflow.mview", "io.dataflow.pool", "io.dataflow.lock", "io.dataflow.tune", "io.dataflow.monitor",
            "io.dataflow.schedule", "io.dataflow.state", "io.dataflow.spi", "io.dataflow.connect", "io.dataflow.dashboard", "java.util", "java.time", "java.math",
            "java.nio.file", "java.net", "javax.sql", "java.sql");

    /** A doc about one capability resolves an ambiguous name to that capability's type (Workload in tuning.md is tune's). */
    private static final Map<String, String> DOC_PACKAGE = Map.of("tuning.md", "io.dataflow.tune", "maintenance.md", "io.dataflow.maintenance",
            "monitoring.md", "io.dataflow.monitor", "partitions.md", "io.dataflow.partition", "mviews.md", "io.dataflow.mview",
            "caching.md", "io.dataflow.cache", "README.md", "io.dataflow.plan");

    /** Variables the prose around the snippets assumes, declared when a snippet uses one without declaring it. */
    private static final Map<String, String> VARIABLES = new LinkedHashMap<>();

    static {
        VARIABLES.put("db", "DataFlow");
        VARIABLES.put("workflow", "io.dataflow.workflow.WorkflowBuilder");
        VARIABLES.put("sql", "String");
        VARIABLES.put("url", "String");
        VARIABLES.put("id", "long");
        VARIABLES.put("myRewrite", "String");
        VARIABLES.put("pager", "Pager");
    }

    /** The guide's models, for snippets that use them without declaring them. */
    private static final Map<String, String> MODELS = Map.of(
            "Order", "@io.dataflow.model.Model record Order(long id, long userId, long productId, String status, java.time.Instant createdAt,"
                    + " java.time.Instant updatedAt, double total) {}",
            "Product", "@io.dataflow.model.Model(optimisticLock = \"version\") record Product(long id, String name, double price, long version) {}",
            "User", "@io.dataflow.model.Model record User(long id, String name) {}");

    private static final Pattern FENCE = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("(?<![\\w.\"])([A-Z][A-Za-z0-9]*)\\b");

    record Snippet(String doc, int line, String code) {
        String className() {
            return "Snippet_" + doc.replaceAll("\\W", "_") + "_" + line;
        }
    }

    static List<Snippet> snippets() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent(); // the module's directory is the working directory
        List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> s = Files.list(root.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<Snippet> out = new ArrayList<>();
        for (Path doc : docs) {
            String text = Files.readString(doc);
            Matcher m = FENCE.matcher(text);
            while (m.find()) {
                int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                out.add(new Snippet(doc.getFileName().toString(), line, m.group(1)));
            }
        }
        return out;
    }

    @Test
    void everyJavaSnippetOfTheReadmeAndTheDocsCompiles() throws IOException {
        List<Snippet> snippets = snippets();
        assertThat(snippets).hasSizeGreaterThanOrEqualTo(13);
        assertThat(compile(snippets)).as("snippets that do not compile").isEmpty();
    }

    @Test
    void aSnippetThatDoesNotCompileIsReportedWithItsDocAndLine() throws IOException {
        List<String> errors = compile(List.of(new Snippet("README.md", 7, "db.noSuchMethod();\nTuner t = db.tuner();\n"),
                new Snippet("tuning.md", 9, "TuningPlan p = db.tuner().recommend(TuneOptions.defaults().workload(Workload.OLTP));\n")));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("README.md (snippet at line 7)").contains("noSuchMethod");
    }

    /** The compiler's errors, each naming the doc and the snippet's line. */
    static List<String> compile(List<Snippet> snippets) throws IOException {
        List<JavaFileObject> sources = new ArrayList<>();
        for (Snippet s : snippets) sources.add(source(s.className(), wrap(s)));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path out = Files.createTempDirectory("doc-snippets");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        StringWriter log = new StringWriter();
        boolean ok = javac.getTask(log, null, diagnostics, List.of("-classpath", classPath, "-d", out.toString(), "-proc:none",
                "-Xlint:none", "-nowarn"), null, sources).call();
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) continue;
            String name = d.getSource() == null ? "?" : d.getSource().getName();
            Snippet s = snippets.stream().filter(x -> name.contains(x.className())).findFirst().orElse(null);
            errors.add((s == null ? name : s.doc() + " (snippet at line " + s.line() + ")") + ": " + d.getMessage(Locale.ROOT)
                    + " in: " + lineOf(d));
        }
        if (!ok && errors.isEmpty()) errors.add("javac failed: " + log);
        return errors;
    }

    private static String lineOf(Diagnostic<? extends JavaFileObject> d) {
        try {
            String[] lines = d.getSource().getCharContent(true).toString().split("\n");
            return d.getLineNumber() > 0 && d.getLineNumber() <= lines.length ? lines[(int) d.getLineNumber() - 1].strip() : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The snippet as a compilable class: imports, models, assumed variables, the code as a method body. */
    static String wrap(Snippet s) {
        String code = s.code();
        StringBuilder sb = new StringBuilder();
        for (String imp : imports(s)) sb.append("import ").append(imp).append(";\n");
        sb.append("\n@SuppressWarnings(\"all\")\nclass ").append(s.className()).append(" {\n");
        sb.append("    interface Pager { void send(String message); }\n");
        MODELS.forEach((name, decl) -> {
            if (Pattern.compile("\\b" + name + "\\b").matcher(code).find() && !code.contains("record " + name + "(")) {
                sb.append("    ").append(decl).append('\n');
            }
        });
        List<String> params = new ArrayList<>();
        VARIABLES.forEach((name, type) -> {
            boolean used = Pattern.compile("(?<![\\w.\"])" + name + "\\b").matcher(code).find();
            boolean declared = Pattern.compile("[\\w>\\]]\\s+" + name + "\\s*=").matcher(code).find();
            if (used && !declared) params.add(type + " " + name);
        });
        sb.append("    void run(").append(String.join(", ", params)).append(") throws Exception {\n");
        sb.append(code.indent(8));
        sb.append("    }\n}\n");
        return sb.toString();
    }

    /** Each capitalised name of the snippet that is a type of one of {@link #PACKAGES} (the doc's own package first). */
    static Set<String> imports(Snippet s) {
        String code = s.code().replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("//[^\n]*", "");
        String preferred = DOC_PACKAGE.get(s.doc());
        List<String> order = new ArrayList<>();
        if (preferred != null) order.add(preferred);
        PACKAGES.stream().filter(p -> !p.equals(preferred)).forEach(order::add);
        Set<String> out = new LinkedHashSet<>(List.of("io.dataflow.DataFlow")); // the type of the assumed db
        Matcher m = NAME.matcher(code);
        while (m.find()) {
            String name = m.group(1);
            if (MODELS.containsKey(name) || name.equals("Pager") || name.equals("String") || name.equals("System") || name.equals("Override")) continue;
            for (String pkg : order) {
                if (exists(pkg + "." + name)) {
                    out.add(pkg + "." + name);
                    break;
                }
            }
        }
        return out;
    }

    private static boolean exists(String className) {
        try {
            Class.forName(className, false, DocSnippetsTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static JavaFileObject source(String className, String code) {
        return new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        };
    }
}
