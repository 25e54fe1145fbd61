from parley.testing.personas import world  # noqa: F401
