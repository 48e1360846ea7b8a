"""The outputs of a course, one writer each, registered in :mod:`.registry`."""
