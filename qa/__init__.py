"""qa: extractive question answering over a local corpus of news articles."""

__version__ = "0.1.0"
