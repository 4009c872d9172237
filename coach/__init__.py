"""The domain of Cierre: closures, playbooks, schedules, the store and insights.

Nothing here knows of the terminal UI or the network.
"""

__version__ = "0.1.0"
