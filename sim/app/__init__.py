"""The interactive page: a Mesa SolaraViz page over `PHBModel` (``phb-sim app``).

``controls`` turns registry parameters into the page's controls, ``live`` is the model the
page steps (PHBModel plus what the views read: an event log and weekly series), ``views``
draws them, and ``app`` lays out the page (Mesa's convention: an ``app.py`` beside the
model, holding ``page``). The page holds no model logic: every number it shows is read
from the model's state and outputs.
"""

import os

# Solara reports usage to an outside service unless told not to; the page stays local.
os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
