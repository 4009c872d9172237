"""The schema of a closure file, apart from the model so that `cierre note` can check it cheaply."""

# 2: the winner's offer apart from the reasons, lesson owners, stay-in-touch dates, reopened links.
# A closure of schema 1 is read as `model._read_earlier` says; it is written back as 2.
SCHEMA_VERSION = 2
