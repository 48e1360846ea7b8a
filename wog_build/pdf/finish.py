"""What WeasyPrint cannot write itself, added to the PDF before its trailer.

WeasyPrint 70 has no option for ``/PageLabels`` nor for custom Info keys that do not
come from ``<meta>`` (and those lose their case), so a *finisher* adds them to the
``pydyf`` document in memory: the PDF is written once, deterministically, with no
post-processing pass.
"""

from __future__ import annotations

from typing import Any

import pydyf

from ..document.protocol import DIGEST_KEY, TOOL_KEY, VERSION_KEY
from .pagemap import main_start


def page_label_tree(start: int) -> pydyf.Dictionary:
    """Roman (lowercase) numbering from the cover, arabic from 1 at the first BAB I page."""
    nums: list[Any] = [0, pydyf.Dictionary({"S": "/r"})]
    if start > 0:
        nums += [start, pydyf.Dictionary({"S": "/D", "St": 1})]
    else:
        nums[1] = pydyf.Dictionary({"S": "/D", "St": 1})
    return pydyf.Dictionary({"Nums": pydyf.Array(nums)})


class Finisher:
    """A WeasyPrint ``finisher``: page labels and the build's identity in the Info dict."""

    def __init__(self, digest: str, version: str, tool_version: str,
                 identity: bool = True) -> None:
        self.info = {DIGEST_KEY: digest, VERSION_KEY: version, TOOL_KEY: tool_version}
        self.identity = identity
        """False: page labels only, the identity stamped on later (:mod:`.identity`)."""

    def __call__(self, document: Any, pdf: pydyf.PDF) -> None:
        pdf.catalog["PageLabels"] = page_label_tree(main_start(document.pages))
        for key, value in self.info.items() if self.identity else ():
            pdf.info[key] = pydyf.String(value)
