"""Printable documents: HTML rendered to PDF by WeasyPrint, QR codes as inline SVG.

A base-level app (no models): the joint statements' press PDF and the published reports use it.
`render_pdf` fetches nothing from the network: the page's own static files and `data:` URLs only.
"""
