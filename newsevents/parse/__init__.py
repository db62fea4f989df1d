"""parse: raw records -> article rows (plain-text header/footer/boilerplate, publishers, language, date mentions)."""
