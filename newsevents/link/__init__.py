"""link: exact and near duplicates, same-story groups and canonical events across articles."""
