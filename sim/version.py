"""The package's version, on its own so that any layer can name it without importing ``sim``."""

__version__ = "0.1.0"
