package dedupe

import "unsafe"

func ShardSize() uintptr { return unsafe.Sizeof(shard{}) }
