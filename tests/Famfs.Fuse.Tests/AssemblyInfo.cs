// Mount tests count this process's file descriptors and threads and share /dev/fuse;
// running them one at a time keeps those numbers meaningful.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
