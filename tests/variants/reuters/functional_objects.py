"""Valid variant: functional API with separate activation layers, objects instead of strings.

* build_model uses keras.Model(inputs, outputs) with Dense layers without activation followed
  by layers.ReLU(), layers.Activation("relu") and layers.Softmax().
* compile_model passes an RMSprop() object, a CategoricalCrossentropy() or
  SparseCategoricalCrossentropy() object and the matching accuracy metric object.
"""


def build_model(num_classes=46):
    inputs = keras.Input(shape=(10000,), name="newswire")
    x = layers.Dense(64)(inputs)
    x = layers.ReLU()(x)
    x = layers.Dense(64)(x)
    x = layers.Activation("relu")(x)
    logits = layers.Dense(num_classes)(x)
    outputs = layers.Softmax()(logits)
    return keras.Model(inputs=inputs, outputs=outputs)


def compile_model(model, sparse=False):
    if sparse:
        loss, metric = keras.losses.SparseCategoricalCrossentropy(), keras.metrics.SparseCategoricalAccuracy()
    else:
        loss, metric = keras.losses.CategoricalCrossentropy(), keras.metrics.CategoricalAccuracy()
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3), loss=loss, metrics=[metric])
    return model
