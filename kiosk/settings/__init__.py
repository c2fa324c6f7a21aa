"""The settings and words: kiosk.toml, catalogues, money, survey, card payment, PIN."""
