"""Public Kennispunt content for other sites: feeds, oEmbed, embeddable widgets and pages."""
