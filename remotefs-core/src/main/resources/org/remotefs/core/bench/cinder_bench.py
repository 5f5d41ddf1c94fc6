#!/usr/bin/python3
"""Time Cinder's own NFS driver (Debian python3-cinder) on the operations
`remotefs bench` times, in one Python process, on a share directory that
stands in for a mounted NFS share: no database, no mount, no rootwrap.

Usage: cinder_bench.py --share-dir DIR --work DIR --runs N
Prints one JSON object: {"operations": [{name, samples_ms, processes}],
"environment": {...}}; exit status 1 with {"error": ...} on failure.

Each operation is timed with time.perf_counter around the driver call only
(the interpreter's start and the driver's setup are not counted, as the Java
side does not count the JVM's start). Child processes are counted by wrapping
the execute function the driver, image_utils and os-brick run commands with.
"""

import argparse
import hashlib
import json
import os
import sys
import time
import uuid

SHARE = '127.0.0.1:/export'
STARTED = [0]  # child processes the driver started


def counting_execute(*cmd, **kwargs):
    # the driver would run these through 'sudo cinder-rootwrap'; run them as
    # the calling user, and count each
    from oslo_concurrency import processutils
    kwargs.pop('run_as_root', None)
    kwargs.pop('root_helper', None)
    if cmd and os.path.basename(str(cmd[0])) in ('mount.nfs', 'mount',
                                                  'umount'):
        return '', ''
    STARTED[0] += 1
    return processutils.execute(*cmd, **kwargs)


def driver(base, work):
    from oslo_config import cfg
    from cinder import objects
    objects.register_all()  # before the drivers: annotations need objects
    from cinder import context, coordination, utils
    from cinder.volume import configuration
    from cinder.volume import driver as vol_driver
    from cinder.volume.drivers import nfs, remotefs

    conf = cfg.CONF
    conf([], project='cinder', default_config_files=[],
         default_config_dirs=[])
    conf.set_override('state_path', work)
    conf.set_override('backend_url', 'file://' + work, group='coordination')
    conf.set_override('connection', 'sqlite:////nonexistent/no-db.sqlite',
                      group='database')
    shares = os.path.join(work, 'nfs_shares')
    with open(shares, 'w') as f:
        f.write(SHARE + '\n')
    group = 'bench'
    config = configuration.Configuration(
        vol_driver.volume_opts + nfs.nfs_opts + remotefs.nas_opts +
        remotefs.volume_opts, config_group=group)
    for key, value in {'volume_backend_name': 'bench',
                       'nfs_shares_config': shares,
                       'nfs_mount_point_base': base,
                       'nfs_sparsed_volumes': True,
                       'nfs_qcow2_volumes': False,
                       'nfs_snapshot_support': True,
                       'nas_secure_file_operations': 'false',
                       'nas_secure_file_permissions': 'false',
                       'nfs_mount_attempts': 1}.items():
        conf.set_override(key, value, group=group)
    utils.execute = counting_execute
    # Debian's Cinder 21 (with the format inspector of CVE-2024-32498)
    # refuses to copy from an image whose qcow2 has a backing file, which
    # every snapshot but the oldest and every clone of a volume with
    # snapshots is; later Cinder lets the NFS driver allow it. Allow it here
    # (the inspection and 'qemu-img info' still run, as they cost).
    from cinder.image import image_utils
    strict = image_utils.qemu_img_info

    def qemu_img_info(path, run_as_root=True, force_share=False,
                      allow_qcow2_backing_file=False):
        return strict(path, run_as_root, force_share, True)
    image_utils.qemu_img_info = qemu_img_info

    # No database: object saves are no-ops; the volumes the bench made are
    # what get_by_id finds (extend_volume reads the format from it); a
    # temporary snapshot gets its id as the database would give it.
    volumes = {}
    objects.Volume.save = lambda self, *a, **k: None
    objects.Snapshot.save = lambda self, *a, **k: None
    objects.Snapshot.destroy = lambda self, *a, **k: None

    def create(self, *a, **k):
        if not self.obj_attr_is_set('id'):
            self.id = str(uuid.uuid4())
    objects.Snapshot.create = create
    objects.Volume.get_by_id = classmethod(
        lambda cls, ctx, vol_id, *a, **k: volumes[vol_id])

    class NoNova(object):  # only attached (online) snapshots use Nova
        def __getattr__(self, name):
            raise RuntimeError('no nova: %s' % name)
    remotefs.compute.API = NoNova

    drv = nfs.NfsDriver(execute=counting_execute, configuration=config,
                        host='bench@nfs', is_vol_db_empty=False)
    drv._execute = counting_execute
    client = drv._remotefsclient

    def mount(share, flags=None):  # mounted iff the directory is there
        if not os.path.isdir(client.get_mount_point(share)):
            raise RuntimeError('no share directory for %s' % share)
    client.mount = mount
    coordination.COORDINATOR.start()
    ctx = context.get_admin_context()
    drv.do_setup(ctx)
    drv.check_for_setup_error()
    return drv, ctx, volumes


def new_volume(ctx, volumes, size, location=None):
    from cinder import objects
    from cinder.objects import fields
    vol_id = str(uuid.uuid4())
    vol = objects.Volume(
        context=ctx, id=vol_id, _name_id=None, size=size,
        provider_location=location, status='available',
        attach_status=fields.VolumeAttachStatus.DETACHED,
        display_name='bench', encryption_key_id=None, admin_metadata={},
        metadata={}, volume_type=None, volume_type_id=None,
        volume_attachment=objects.VolumeAttachmentList(objects=[]),
        host='bench@nfs#nfs', multiattach=False, user_id='bench',
        project_id='bench')
    volumes[vol_id] = vol
    return vol


def new_snapshot(ctx, volume):
    from cinder import objects
    return objects.Snapshot(
        context=ctx, id=str(uuid.uuid4()), volume_id=volume.id,
        volume=volume, volume_size=volume.size, status='available',
        display_name='bench', encryption_key_id=None, metadata={},
        user_id='bench', project_id='bench')


class Timer(object):
    def __init__(self):
        self.samples = {}
        self.processes = {}

    def __call__(self, name, call, *args):
        before = STARTED[0]
        start = time.perf_counter()
        result = call(*args)
        elapsed = time.perf_counter() - start
        self.samples.setdefault(name, []).append(elapsed * 1000.0)
        self.processes[name] = max(self.processes.get(name, 0),
                                   STARTED[0] - before)
        return result


def one_run(drv, ctx, volumes, timer):
    # the same sequence as remotefs's DriverBenchmark, operation by operation
    vol = new_volume(ctx, volumes, 1)
    update = timer('create_volume', drv.create_volume, vol)
    vol.provider_location = (update or {}).get('provider_location', SHARE)
    snaps = []
    for _ in range(3):
        snap = new_snapshot(ctx, vol)
        timer('create_snapshot', drv.create_snapshot, snap)
        snaps.append(snap)
    timer('initialize_connection', drv.initialize_connection, vol,
          {'host': 'bench'})
    timer('get_volume_stats', drv.get_volume_stats, True)
    copy = new_volume(ctx, volumes, 1)
    update = timer('create_volume_from_snapshot',
                   drv.create_volume_from_snapshot, copy, snaps[1])
    copy.provider_location = (update or {}).get('provider_location', SHARE)
    timer('extend_volume_raw', drv.extend_volume, copy, 2)
    copy.size = 2
    drv.delete_volume(copy)
    clone = new_volume(ctx, volumes, 1)
    update = timer('create_cloned_volume', drv.create_cloned_volume, clone,
                   vol)
    clone.provider_location = (update or {}).get('provider_location', SHARE)
    drv.delete_volume(clone)
    timer('extend_volume', drv.extend_volume, vol, 2)
    vol.size = 2
    for name, snap in (('delete_snapshot_middle', snaps[1]),
                       ('delete_snapshot_oldest', snaps[0]),
                       ('delete_snapshot_last', snaps[2])):
        snap.volume_size = 2
        snap.status = 'deleting'
        timer(name, drv.delete_snapshot, snap)
    drv.delete_volume(vol)


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument('--share-dir', required=True,
                   help='nfs_mount_point_base; the share directory is made '
                        'under it')
    p.add_argument('--work', required=True, help='locks and the shares file')
    p.add_argument('--runs', type=int, default=10)
    args = p.parse_args(argv)
    base = os.path.realpath(args.share_dir)
    os.makedirs(os.path.join(
        base, hashlib.md5(SHARE.encode('utf-8')).hexdigest()), exist_ok=True)
    drv, ctx, volumes = driver(base, os.path.realpath(args.work))
    timer = Timer()
    for _ in range(args.runs):
        one_run(drv, ctx, volumes, timer)
    import cinder.version
    out = {'operations': [
        {'name': name, 'samples_ms': samples,
         'processes': timer.processes[name]}
        for name, samples in timer.samples.items()],
        'environment': {'cinder': cinder.version.version_string(),
                        'python': sys.version.split()[0],
                        'runs': args.runs, 'volume_gib': 1,
                        'share': 'local directory as an NFS share '
                                 '(no mount), raw sparse volumes'}}
    return out


if __name__ == '__main__':
    try:
        result, code = main(sys.argv[1:]), 0
    except Exception as e:  # reported to the caller as JSON
        result, code = {'error': '%s: %s' % (type(e).__name__, e)}, 1
    json.dump(result, sys.stdout)
    sys.stdout.write('\n')
    sys.stdout.flush()
    try:
        from cinder import coordination
        coordination.COORDINATOR.stop()
    except Exception:
        pass
    # skip the teardown of ~1500 imported modules
    os._exit(code)
