"""Valid variant: Sequential.add, function objects, short names, positional compile arguments.

* build_model adds the layers one by one, with keras.activations functions as activations
  and num_classes passed positionally.
* compile_model looks the loss function up in a dict (keras.losses.categorical_crossentropy or
  keras.losses.sparse_categorical_crossentropy), passes optimizer and loss positionally and
  watches the metric "acc".
"""


def build_model(num_classes=46):
    model = keras.Sequential(name="reuters")
    model.add(keras.Input(shape=(10000,)))
    model.add(layers.Dense(64, activation=keras.activations.relu))
    model.add(layers.Dense(64, activation=keras.activations.relu))
    model.add(layers.Dense(num_classes, activation=keras.activations.softmax))
    return model


def compile_model(model, sparse=False):
    losses = {False: keras.losses.categorical_crossentropy, True: keras.losses.sparse_categorical_crossentropy}
    model.compile("rmsprop", losses[bool(sparse)], metrics=["acc"])
    return model
