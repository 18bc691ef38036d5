"""The Textual app: screens and widgets over the `reader.library` API."""
