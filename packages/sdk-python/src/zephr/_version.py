"""The package version, sent as User-Agent ``zephr-python/<version>``."""

__version__ = "0.1.0"
