"""Reads a Windows shell link (.lnk, MS-SHLLINK): the target, arguments, working folder and icon.

The installer's shortcuts are made by Windows' own IShellLink (under Wine, Wine's), so the test
reads the binary file rather than trusting the script that asked for it. Only what a shortcut's
command needs is decoded: the LinkInfo's local base path and the StringData fields.
"""
import struct

HAS_ID_LIST = 0x1
HAS_LINK_INFO = 0x2
HAS_NAME = 0x4
HAS_RELATIVE_PATH = 0x8
HAS_WORKING_DIR = 0x10
HAS_ARGUMENTS = 0x20
HAS_ICON_LOCATION = 0x40
IS_UNICODE = 0x80
HEADER_CLSID = bytes.fromhex("0114020000000000c000000000000046")


def _cstring(data, at, unicode_text):
    if unicode_text:
        end = at
        while data[end:end + 2] != b"\0\0":
            end += 2
        return data[at:end].decode("utf-16-le")
    end = data.index(b"\0", at)
    return data[at:end].decode("latin-1")


def read(path):
    """{'target', 'arguments', 'working_dir', 'icon', 'name', 'relative_path', 'show'} of the link."""
    with open(path, "rb") as f:
        data = f.read()
    size, clsid, flags = struct.unpack_from("<I16sI", data, 0)
    if size != 0x4C or clsid != HEADER_CLSID:
        raise ValueError(f"{path} is not a shell link (header {size:#x})")
    show = struct.unpack_from("<I", data, 0x3C)[0]
    at = 0x4C
    if flags & HAS_ID_LIST:
        at += 2 + struct.unpack_from("<H", data, at)[0]
    link = {"target": None, "show": show}
    if flags & HAS_LINK_INFO:
        info_size, header_size, info_flags, _vol, base_off, _net, suffix_off = struct.unpack_from("<7I", data, at)
        if info_flags & 0x1:  # VolumeIDAndLocalBasePath
            if header_size >= 0x24:
                base_u = struct.unpack_from("<I", data, at + 0x1C)[0]
                link["target"] = _cstring(data, at + base_u, True)
            else:
                link["target"] = _cstring(data, at + base_off, False)
                suffix = _cstring(data, at + suffix_off, False)
                link["target"] += suffix
        at += info_size
    unicode_text = bool(flags & IS_UNICODE)
    for flag, key in ((HAS_NAME, "name"), (HAS_RELATIVE_PATH, "relative_path"), (HAS_WORKING_DIR, "working_dir"),
                      (HAS_ARGUMENTS, "arguments"), (HAS_ICON_LOCATION, "icon")):
        if flags & flag:
            count = struct.unpack_from("<H", data, at)[0]
            at += 2
            width = 2 if unicode_text else 1
            raw = data[at:at + count * width]
            # Wine counts the terminating NUL that Windows leaves out; neither belongs to the text.
            link[key] = raw.decode("utf-16-le" if unicode_text else "latin-1").rstrip("\0")
            at += count * width
        else:
            link[key] = None
    return link
