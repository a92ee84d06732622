// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.IO;
using System.Threading.Tasks;

namespace CallCenter.Data;

/// <summary>Stores recording audio as files under the app's data folder.</summary>
public sealed class RecordingStore(string directory)
{
    public string Directory { get; } = directory;

    public async Task<string> SaveAsync(long callId, byte[] audio)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, $"call-{callId}.wav");
        await File.WriteAllBytesAsync(path, audio);
        return path;
    }
}
