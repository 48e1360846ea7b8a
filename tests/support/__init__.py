"""What the tests share, one copy each: read this package as the map of the helpers.

- :mod:`.paths`: where things are (the repository, the fixture courses, the WoG course,
  the bad-input corpus);
- :mod:`.cli`: running ``wog-build`` as an author does (a subprocess, :func:`run_cli`) or
  in-process (``wog_build.cli.main``, :func:`run_main`), and the subprocess environment;
- :mod:`.courses`: writing a course source into a folder, copying a fixture course, the
  README's example course;
- :mod:`.builds`: building a course in-process into a folder, or the deck alone with a
  stand-in page map;
- :mod:`.outputs`: a dist folder's files as bytes, hidden ``.part`` leftovers;
- :mod:`.pdf`: reading a built PDF back with pypdf (text per page, page labels, outline);
- :mod:`.deck`: reading a built deck back with python-pptx (faces, tables, notes, alt
  texts);
- :mod:`.fit`: measuring whether a deck's text fits its box, with fontTools;
- :mod:`.text`: normalising text before comparing it;
- :mod:`.tools`: skipping, with the reason, a test whose system tool is missing, and
  LibreOffice's conversion.

The readers here are the tests' own (pypdf, python-pptx, fontTools): they never use
``wog_build.readback``, so a fault in the product's readers cannot hide itself.
Fixtures live in ``tests/conftest.py``; this package holds plain functions.
"""
