"""Errors a user can act on, each shown as one line and exit code 2.

QaError
├── ConfigError          bad settings or flags
├── CorpusError          corpus folder missing, empty or unreadable
├── IndexMissingError    no index built yet
├── IndexMismatchError   index unreadable or built for another corpus, model or format
│   └── IndexDamagedError    a file of the index differs from what its build wrote
├── IndexWriteError      the index folder cannot be written
├── ModelLoadError       the embedding model folder cannot be loaded
└── QuestionError        a question qa cannot take (empty, too long)

Terminated (a KeyboardInterrupt, not a QaError) is how SIGTERM stops qa like Ctrl-C does, so
the same clean-up runs and the exit code still tells the two apart (130 / 143).
"""


class QaError(Exception):
    """Base of every error qa reports to the user as one line."""


class ConfigError(QaError):
    """A setting or flag has a value qa cannot use."""


class CorpusError(QaError):
    """The corpus folder is missing, empty or unreadable."""


class IndexMissingError(QaError):
    """No index has been built at the index path."""


class IndexMismatchError(QaError):
    """The index cannot be read, or was built with another format, model or corpus."""


class IndexDamagedError(IndexMismatchError):
    """A file of the index is missing or its checksum differs from the one its build recorded."""


class IndexWriteError(QaError):
    """The index folder cannot be created or written."""


class ModelLoadError(QaError):
    """The embedding model folder cannot be loaded."""


class QuestionError(QaError):
    """A question qa cannot take, such as an empty line."""


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived; unwinds like Ctrl-C so temporary files are removed."""
