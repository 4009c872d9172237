"""Cierre: a terminal coach for the moment a prospect says "no" or a client leaves.

This folder (`core/` in the repository) is the package itself; the other top-level folders
install as its subpackages (see ARCHITECTURE.md):

    cierre.domain, .storage, .insights, .export, .demo, .service, .settings    the core
    cierre.integrations   the calendar (CalDAV or a local .ics), e-mail in and out, passwords
    cierre.cli            the command line
    cierre.tui            the terminal UI
"""

__version__ = "0.1.0"
