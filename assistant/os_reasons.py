"""Why a file could not be read or written, in the words a user knows: one table for every reader and writer."""

from __future__ import annotations

import errno

_REASONS = {
    errno.ENOENT: "文件不存在",
    errno.ELOOP: "符号链接形成循环，无法找到实际文件",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "所在位置只读，不能写入",
    errno.EISDIR: "是文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENAMETOOLONG: "文件名过长",
}


def os_reason(exc: OSError) -> str:
    """Why a file could not be opened or read, in the words a user knows."""
    return _REASONS.get(exc.errno or 0, f"无法读取（{exc.strerror or '系统错误'}）")
