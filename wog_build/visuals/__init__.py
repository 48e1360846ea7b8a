"""What the module and the deck draw alike: diagrams and charts from one description.

The source describes a diagram by its items and a chart by its data; the geometry of a
diagram (where each box, label and arrow goes) is computed here, once, from the shared
drawing rules in ``layouts/visuals.yaml``, and each writer draws it natively: the module
as SVG (vectors, text a reader can select), the deck as grouped PowerPoint shapes (text a
trainer can edit).  Only the text measurement differs, and each writer brings its own.
"""
