"""Partner sites: API keys for municipalities, ProDemos and party associations that embed public content."""
