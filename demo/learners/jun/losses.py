# Fails at import time: exits the interpreter while the module loads.
import sys

sys.exit("no losses today")
