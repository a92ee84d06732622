// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Threading.Tasks;

namespace CallCenter.Data;

/// <summary>Stores recording audio as files under the app's data folder.</summary>
public sealed class RecordingStore(string directory)
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public async Task<string> SaveAsync(long callId, byte[] audio)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, $"call-{callId}.wav");
        await File.WriteAllBytesAsync(path, audio);
        return path;
    }

    /// <summary>Whether <paramref name="path"/> names a file inside the recordings folder.</summary>
    public bool Contains(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return false;
        }

        var full = Path.GetFullPath(path);
        return full.StartsWith(Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
