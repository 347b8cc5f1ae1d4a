# Dara downloaded the MNIST assignment and submitted it untouched (the stubs).
