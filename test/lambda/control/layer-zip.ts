/**
 * A zip archive for layer tests: one central-directory entry per file, each declaring its
 * uncompressed size (no data follows; lambda-sim reads only the directory). Lets a test publish a
 * 200 MB layer without allocating 200 MB.
 */
export function zipDeclaring(files: Readonly<Record<string, number>>): Uint8Array {
  const central: number[] = []
  const names = Object.keys(files)
  for (const name of names) {
    const bytes = Buffer.from(name, 'utf8')
    const header = Buffer.alloc(46)
    header.writeUInt32LE(0x02014b50, 0)
    header.writeUInt32LE(files[name] as number, 24) // uncompressed size
    header.writeUInt16LE(bytes.length, 28)
    central.push(...header, ...bytes)
  }
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(names.length, 8)
  end.writeUInt16LE(names.length, 10)
  end.writeUInt32LE(central.length, 12)
  end.writeUInt32LE(0, 16) // the central directory starts the archive
  return new Uint8Array([...central, ...end])
}
