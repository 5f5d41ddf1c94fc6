#!/usr/bin/python3
"""Drive the real Cinder NFS driver (Debian python3-cinder, Zed 21.3.x) on a
share directory that is already there: a local directory standing in for a
mounted NFS share, or a real mount (a GlusterFS volume mounted by remotefs).

No database, no mount by Cinder, no sudo/rootwrap.  Every call is stateless:
the volume/snapshot state is read from the share (volume-<id>.info and
qemu-img), exactly like Cinder does.  Prints one JSON object on stdout;
logs go to stderr.  Exit status 0 on success, 1 on driver error, 2 on usage.

Usage (common options go BEFORE the subcommand):
  cinder_nfs.py --base DIR [--share 127.0.0.1:/export] [--qcow2] [--debug] \
      create-volume --id UUID --size GIB
      delete-volume --id UUID
      create-snapshot --volume-id UUID --id UUID [--size GIB]
      delete-snapshot --volume-id UUID --id UUID
      info --volume-id UUID
      volume-from-snapshot --volume-id SRC --snapshot-id S --id NEW --size GIB
      mount-point            (just prints the share directory path)

The share directory is <base>/<md5(share)>; the caller must create it.
"""

import argparse
import hashlib
import json
import logging as pylogging
import math
import os
import sys
import tempfile
import time
import traceback

T_START = time.monotonic()
EXECUTED = []  # argv of every command the driver ran
CLEANUP = []   # temp files to remove at exit


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--base', required=True,
                   help='nfs_mount_point_base (share dir = BASE/md5(share))')
    p.add_argument('--share', default='127.0.0.1:/export')
    p.add_argument('--qcow2', action='store_true',
                   help='nfs_qcow2_volumes=True (default: raw, sparse)')
    p.add_argument('--no-sparse', action='store_true',
                   help='nfs_sparsed_volumes=False (dd the whole volume)')
    p.add_argument('--lock-dir', default=os.path.join(
        tempfile.gettempdir(), 'cinder-nfs-interop-locks'),
        help='tooz file-coordination dir (also used as state_path)')
    p.add_argument('--backend-url', default=None,
                   help='[coordination] backend_url (default: file://LOCK_DIR)')
    p.add_argument('--debug', action='store_true')
    sub = p.add_subparsers(dest='cmd', required=True)

    s = sub.add_parser('create-volume')
    s.add_argument('--id', required=True)
    s.add_argument('--size', type=int, required=True)

    s = sub.add_parser('delete-volume')
    s.add_argument('--id', required=True)

    s = sub.add_parser('create-snapshot')
    s.add_argument('--volume-id', required=True)
    s.add_argument('--id', required=True)
    s.add_argument('--size', type=int, default=None,
                   help='volume size GiB (default: from qemu-img info of '
                        'the base file volume-<id>)')

    s = sub.add_parser('delete-snapshot')
    s.add_argument('--volume-id', required=True)
    s.add_argument('--id', required=True)
    s.add_argument('--size', type=int, default=None)

    s = sub.add_parser('info')
    s.add_argument('--volume-id', required=True)

    s = sub.add_parser('volume-from-snapshot')
    s.add_argument('--volume-id', required=True)
    s.add_argument('--snapshot-id', required=True)
    s.add_argument('--id', required=True)
    s.add_argument('--size', type=int, required=True)
    s.add_argument('--src-size', type=int, default=None)

    sub.add_parser('mount-point')
    return p.parse_args(argv)


def local_execute(*cmd, **kwargs):
    """Replacement for processutils.execute / cinder.utils.execute.

    PATCH: drop run_as_root/root_helper so nothing goes through
    'sudo cinder-rootwrap'; the command runs as the calling user.
    'mount.nfs' (probed by NfsDriver.do_setup) and any mount/umount are
    never run.
    """
    from oslo_concurrency import processutils
    kwargs.pop('run_as_root', None)
    kwargs.pop('root_helper', None)
    line = ' '.join(str(c) for c in cmd)
    if cmd and os.path.basename(str(cmd[0])) in ('mount.nfs', 'mount',
                                                  'umount'):
        EXECUTED.append('[not run] ' + line)
        return '', ''
    EXECUTED.append(line)
    return processutils.execute(*cmd, **kwargs)


def setup(args):
    """Configure oslo.config, build and set up a real NfsDriver."""
    from oslo_config import cfg

    # register_all() must run before importing the drivers: remotefs.py
    # uses objects.Volume in annotations at class-definition time.
    from cinder import objects
    objects.register_all()

    from cinder import context
    from cinder import coordination
    from cinder import utils
    from cinder.volume import configuration
    from cinder.volume import driver as vol_driver
    from cinder.volume.drivers import nfs
    from cinder.volume.drivers import remotefs

    CONF = cfg.CONF
    # No config files (/etc/cinder/cinder.conf is not read).
    CONF([], project='cinder', default_config_files=[],
         default_config_dirs=[])

    os.makedirs(args.lock_dir, exist_ok=True)
    CONF.set_override('state_path', args.lock_dir)
    CONF.set_override('backend_url',
                      args.backend_url or 'file://' + args.lock_dir,
                      group='coordination')

    base = os.path.realpath(args.base)
    shares_file = os.path.join(args.lock_dir, 'nfs_shares.%d' % os.getpid())
    CLEANUP.append(shares_file)  # re-read by every driver op; removed at exit
    with open(shares_file, 'w') as f:
        f.write(args.share + '\n')

    group = 'nfs_interop'
    config = configuration.Configuration(
        vol_driver.volume_opts + nfs.nfs_opts + remotefs.nas_opts +
        remotefs.volume_opts, config_group=group)
    overrides = {
        'volume_backend_name': 'nfs_interop',
        'nfs_shares_config': shares_file,
        'nfs_mount_point_base': base,
        'nfs_sparsed_volumes': not args.no_sparse,
        'nfs_qcow2_volumes': bool(args.qcow2),
        'nfs_snapshot_support': True,
        'nas_secure_file_operations': 'false',
        'nas_secure_file_permissions': 'false',
        'nfs_mount_attempts': 1,
    }
    for k, v in overrides.items():
        CONF.set_override(k, v, group=group)

    # PATCH: cinder.utils.execute is what image_utils (qemu-img info/convert)
    # uses; route it to local_execute (no root helper).
    utils.execute = local_execute

    # No database: any real DB access would fail loudly on this URL.
    CONF.set_override('connection', 'sqlite:////nonexistent/no-db.sqlite',
                      group='database')

    # PATCH: RemoteFSSnapDriverBase.do_setup() builds compute.API() (nova,
    # only used for snapshots of *attached* volumes); its constructor
    # creates message_api.API() -> db.base.Base -> db.dispose_engine(),
    # i.e. it opens the SQL engine.  Use an inert stub instead.
    class _NoNova(object):
        def __getattr__(self, name):
            raise RuntimeError('nova API (%s) not available: online '
                               '(attached) snapshots are unsupported' % name)
    remotefs.compute.API = _NoNova

    # PATCH: no DB -> Volume.save()/Snapshot.save() are no-ops.
    objects.Volume.save = lambda self, *a, **k: None
    objects.Snapshot.save = lambda self, *a, **k: None

    drv = nfs.NfsDriver(execute=local_execute, configuration=config,
                        host='interop@nfs', is_vol_db_empty=False)
    # PATCH: NfsDriver.__init__ hands `execute` only to the os-brick client;
    # BaseVD keeps its default (the original cinder.utils.execute, bound at
    # import time, i.e. 'sudo cinder-rootwrap ...' when not root).
    drv._execute = local_execute

    # PATCH: the share counts as mounted iff its mount point directory
    # (<base>/<md5(share)>, computed by os-brick) exists.  Replaces
    # os-brick RemoteFsClient.mount(), which would otherwise read
    # /proc/mounts, run 'mkdir -p <mount point>' and 'mount -t nfs ...'.
    client = drv._remotefsclient
    mount_point = client.get_mount_point(args.share)
    assert mount_point == os.path.join(
        base, hashlib.md5(args.share.encode('utf-8')).hexdigest())

    def fake_mount(share, flags=None):
        path = client.get_mount_point(share)
        if not os.path.isdir(path):
            raise RuntimeError('share directory %s does not exist' % path)
    client.mount = fake_mount
    if not os.path.isdir(mount_point):
        raise FileNotFoundError('share directory %s (for %s) does not exist;'
                                ' the caller must create it'
                                % (mount_point, args.share))

    # Real tooz locks, file or ZooKeeper (the driver methods are
    # @coordination.synchronized)
    coordination.COORDINATOR.start()

    ctx = context.get_admin_context()
    drv.do_setup(ctx)
    drv.check_for_setup_error()
    if drv.shares and args.share not in drv._mounted_shares:
        raise RuntimeError('share %s not usable; create directory %s'
                           % (args.share, mount_point))
    return drv, ctx, mount_point


def make_volume(ctx, vol_id, size, share):
    from cinder import objects
    from cinder.objects import fields
    return objects.Volume(
        context=ctx, id=vol_id, _name_id=None, size=size,
        provider_location=share,
        status='available', attach_status=fields.VolumeAttachStatus.DETACHED,
        display_name='vol-%s' % vol_id, encryption_key_id=None,
        admin_metadata={}, metadata={}, volume_attachment=objects.
        VolumeAttachmentList(objects=[]),
        host='interop@nfs#nfs', multiattach=False,
        user_id='interop', project_id='interop')


def make_snapshot(ctx, snap_id, volume):
    from cinder import objects
    return objects.Snapshot(
        context=ctx, id=snap_id, volume_id=volume.id, volume=volume,
        volume_size=volume.size, status='available',
        display_name='snap-%s' % snap_id, encryption_key_id=None,
        metadata={}, user_id='interop', project_id='interop')


def size_from_share(drv, ctx, vol_id, share):
    """Stateless replacement for the DB 'size': the base file's virtual size
    (read with the driver's own sanitized qemu-img info)."""
    probe = make_volume(ctx, vol_id, 1, share)
    path = drv._local_path_volume(probe)
    if not os.path.exists(path):
        raise FileNotFoundError('volume base file %s does not exist' % path)
    info = drv._qemu_img_info(path, probe.name)
    return int(math.ceil(info.virtual_size / float(1024 ** 3)))


def list_dir(path):
    try:
        return sorted(os.listdir(path))
    except OSError:
        return None


def read_info(drv, volume):
    p = drv._local_path_volume_info(volume)
    return p, drv._read_info_file(p, empty_if_missing=True)


def chain(drv, volume):
    """Backing chain of the active image as Cinder sees it."""
    try:
        active = drv._local_path_active_image(volume)
        if not os.path.exists(active):
            return None
        return drv._get_backing_chain_for_path(volume, active)
    except Exception as e:  # report, don't fail 'info'
        return {'error': '%s: %s' % (type(e).__name__, e)}


def run(args):
    drv, ctx, mount_point = setup(args)
    t_ready = time.monotonic()
    share = args.share
    out = {'ok': True, 'op': args.cmd, 'share': share,
           'mount_point': mount_point}

    if args.cmd == 'mount-point':
        pass

    elif args.cmd == 'create-volume':
        vol = make_volume(ctx, args.id, args.size, share)
        vol.provider_location = None
        upd = drv.create_volume(vol)
        out.update(volume_id=args.id, model_update=upd,
                   admin_metadata=dict(vol.admin_metadata),
                   path=drv.local_path(vol))

    elif args.cmd == 'delete-volume':
        vol = make_volume(ctx, args.id, 1, share)
        out['info_before'] = read_info(drv, vol)[1]
        drv.delete_volume(vol)
        out.update(volume_id=args.id)

    elif args.cmd in ('create-snapshot', 'delete-snapshot'):
        size = args.size or size_from_share(drv, ctx, args.volume_id, share)
        vol = make_volume(ctx, args.volume_id, size, share)
        snap = make_snapshot(ctx, args.id, vol)
        if args.cmd == 'create-snapshot':
            drv.create_snapshot(snap)
        else:
            drv.delete_snapshot(snap)
        info_path, info = read_info(drv, vol)
        out.update(volume_id=args.volume_id, snapshot_id=args.id,
                   volume_size=size, info_path=info_path, info=info,
                   chain=chain(drv, vol))

    elif args.cmd == 'info':
        vol = make_volume(ctx, args.volume_id, 1, share)
        info_path, info = read_info(drv, vol)
        raw = None
        if os.path.exists(info_path):
            with open(info_path) as f:
                raw = f.read()
        out.update(volume_id=args.volume_id, info_path=info_path,
                   info_exists=raw is not None, info=info, info_raw=raw,
                   active=drv.get_active_image_from_info(vol),
                   chain=chain(drv, vol))

    elif args.cmd == 'volume-from-snapshot':
        src_size = args.src_size or size_from_share(drv, ctx,
                                                    args.volume_id, share)
        src = make_volume(ctx, args.volume_id, src_size, share)
        snap = make_snapshot(ctx, args.snapshot_id, src)
        new = make_volume(ctx, args.id, args.size, share)
        new.provider_location = None
        upd = drv.create_volume_from_snapshot(new, snap)
        img = drv._qemu_img_info(drv.local_path(new), new.name)
        out.update(volume_id=args.id, model_update=upd,
                   path=drv.local_path(new),
                   admin_metadata=dict(new.admin_metadata),
                   requested_size_gib=args.size,
                   # NB: the driver does not grow the copy to --size
                   new_file_format=img.file_format,
                   new_virtual_size=img.virtual_size)

    out['files'] = list_dir(mount_point)
    out['commands'] = EXECUTED
    out['timing_s'] = {'setup': round(t_ready - T_START, 3),
                       'op': round(time.monotonic() - t_ready, 3)}
    return out


def main(argv):
    args = parse_args(argv)
    pylogging.basicConfig(
        stream=sys.stderr,
        level=pylogging.DEBUG if args.debug else pylogging.ERROR,
        format='%(asctime)s %(levelname)s %(name)s: %(message)s')
    rc = 0
    try:
        out = run(args)
    except Exception as e:
        rc = 1
        out = {'ok': False, 'op': args.cmd, 'error': type(e).__name__,
               'message': str(e), 'commands': EXECUTED}
        if getattr(e, 'kwargs', None):  # cinder exceptions keep 'reason' here
            out['details'] = {k: str(v) for k, v in e.kwargs.items()}
        if args.debug:
            out['traceback'] = traceback.format_exc()
    finally:
        try:
            from cinder import coordination
            coordination.COORDINATOR.stop()
        except Exception:
            pass
        for f in CLEANUP:
            try:
                os.unlink(f)
            except OSError:
                pass
    out.setdefault('timing_s', {})['total'] = round(
        time.monotonic() - T_START, 3)
    json.dump(out, sys.stdout, indent=1, sort_keys=True, default=str)
    sys.stdout.write('\n')
    return rc


if __name__ == '__main__':
    _rc = main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip interpreter teardown of the ~1500 imported modules (~0.5 s);
    # all files are closed and the coordinator is stopped at this point.
    os._exit(_rc)
