"""The ``mercato`` command line."""
