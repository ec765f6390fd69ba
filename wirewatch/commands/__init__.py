"""CLI commands of later stages (stories, serve, watch), one module each; see cli._register_plugins."""
