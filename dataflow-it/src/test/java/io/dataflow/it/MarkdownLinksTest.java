package io.dataflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every link of every Markdown file in the repository: a relative link must name a file inside the repository that
 * exists (and a heading of it, when it has a #fragment). A clone is all a reader has: nothing may point beside it.
 */
class MarkdownLinksTest {

    /** {@code [text](target)} and {@code ![alt](target "title")}. */
    private static final Pattern INLINE = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** {@code [label]: target}. */
    private static final Pattern REFERENCE = Pattern.compile("(?m)^ {0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    private static final Pattern FENCE = Pattern.compile("(?ms)^ {0,3}(```|~~~).*?^ {0,3}\\1[^\\n]*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");
    private static final Pattern HEADING = Pattern.compile("(?m)^ {0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyRelativeLinkInTheRepositoryResolvesInsideIt() {
        assertThat(ROOT.resolve("pom.xml")).as("the repository root").exists();
        List<Path> files = markdownFiles(ROOT);
        assertThat(files).contains(ROOT.resolve("README.md"), ROOT.resolve("docs/guide.md"));
        assertThat(problems(ROOT, files)).isEmpty();
    }

    @Test
    void theReadmeLinksTheGuidePageOfTheRepository() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertThat(readme).contains("](docs/guide.md)").doesNotContain("../shared");
    }

    @Test
    void theCheckFindsLinksOutsideTheRepositoryMissingFilesAndHeadings(@TempDir Path dir) throws IOException {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(dir.resolve("beside.md"), "# Beside\n");
        Files.createDirectories(repo.resolve("docs"));
        Files.writeString(repo.resolve("docs/a.md"), """
                # Title
                ## Query caching: the rules (SmartCacheNode)
                [up and out](../../beside.md) [missing](b.md) [fine](../README.md) [heading](#query-caching-the-rules-smartcachenode)
                [no such heading](#nope) [web](https://example.com/x.md) `[in code](../../beside.md)`
                ```
                [in a fence](../../beside.md)
                ```
                [ref]: ../../beside.md
                """);
        Files.writeString(repo.resolve("README.md"), "[guide](docs/a.md#title) [bad anchor](docs/a.md#untitled)\n");
        List<String> found = problems(repo, markdownFiles(repo));
        assertThat(found).hasSize(5);
        assertThat(found).filteredOn(p -> p.contains("outside the repository")).hasSize(2)
                .allMatch(p -> p.startsWith("docs/a.md: ../../beside.md"));
        assertThat(found).anyMatch(p -> p.equals("docs/a.md: b.md does not exist"));
        assertThat(found).anyMatch(p -> p.equals("docs/a.md: #nope names no heading of docs/a.md"));
        assertThat(found).anyMatch(p -> p.equals("README.md: docs/a.md#untitled names no heading of docs/a.md"));
    }

    static List<Path> markdownFiles(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".md") && Files.isRegularFile(p))
                    // build output, dependencies and hidden directories (.git) are not the repository's documents
                    .filter(p -> Stream.of(root.relativize(p).toString().split("[/\\\\]"))
                            .noneMatch(part -> part.equals("target") || part.equals("node_modules") || part.startsWith(".")))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line per bad link: the file, the link, what is wrong. */
    static List<String> problems(Path root, List<Path> files) {
        List<String> out = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        for (Path file : files) {
            String text = prose(read(file));
            List<String> targets = new ArrayList<>();
            for (Pattern p : List.of(INLINE, REFERENCE)) {
                Matcher m = p.matcher(text);
                while (m.find()) targets.add(m.group(1));
            }
            String where = root.relativize(file).toString().replace('\\', '/');
            for (String target : targets) {
                if (SCHEME.matcher(target).find()) continue; // a URL: not a file of the repository
                int hash = target.indexOf('#');
                String path = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
                String fragment = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
                if (path.startsWith("/") || !resolved.startsWith(root)) {
                    out.add(where + ": " + target + " points outside the repository");
                } else if (!Files.exists(resolved)) {
                    out.add(where + ": " + target + " does not exist");
                } else if (fragment != null && !fragment.isEmpty() && resolved.toString().endsWith(".md")
                        && !anchors.computeIfAbsent(resolved, f -> headings(read(f))).contains(fragment)) {
                    out.add(where + ": " + target + " names no heading of " + root.relativize(resolved).toString().replace('\\', '/'));
                }
            }
        }
        return out;
    }

    /** The text without code: links shown in code are examples, not links. */
    private static String prose(String markdown) {
        return CODE_SPAN.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("");
    }

    /** GitHub's anchors: lower case, punctuation dropped, spaces to hyphens, -1, -2... for repeats. */
    static Set<String> headings(String markdown) {
        Set<String> out = new HashSet<>();
        Matcher m = HEADING.matcher(FENCE.matcher(markdown).replaceAll(""));
        while (m.find()) {
            String text = m.group(1).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
            String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            String anchor = slug;
            for (int n = 1; !out.add(anchor); n++) anchor = slug + "-" + n;
        }
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
