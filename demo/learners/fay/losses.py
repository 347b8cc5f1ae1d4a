# Waits for a keypress that never comes... then loops forever.
def mean_squared_error(y_true, y_pred):
    while True:
        pass
