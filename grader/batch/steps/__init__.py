"""The steps of the batch pipeline, one module each."""
