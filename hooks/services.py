"""MkDocs hooks (thin adapter): one generated page per clinical service, added to the nav."""

from placements.site import service_files, service_nav


def on_config(config):
    return service_nav(config)


def on_files(files, config):
    return service_files(config, files)
