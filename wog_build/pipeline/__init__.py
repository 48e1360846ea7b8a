"""Running writers: what to build (:mod:`.plan`), how (:mod:`.run`, serial or with
worker processes) and how the results land together (:mod:`.commit`)."""
