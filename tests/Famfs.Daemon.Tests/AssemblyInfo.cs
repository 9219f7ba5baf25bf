// The tests mount, count this process's descriptors and threads, and share /dev/fuse and
// /run/famfs; running them one at a time keeps those numbers meaningful.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
