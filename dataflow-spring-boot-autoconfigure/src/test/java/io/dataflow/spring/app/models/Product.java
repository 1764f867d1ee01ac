package io.dataflow.spring.app.models;

import io.dataflow.model.Field;
import io.dataflow.model.Model;

/** The guide's product, with its optimistic lock. */
@Model(optimisticLock = "version", retryOnConflict = 3)
public record Product(long id, String name, double price, @Field(defaultValue = "1") long version) {
}
