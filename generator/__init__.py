"""Static briefing-site generator: curated YAML + archived sources -> MkDocs site."""
