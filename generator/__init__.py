"""Turn clinical-study press material into a bilingual static site."""
