// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace DataGuard.Testing;

/// <summary>
/// A throwaway PostgreSQL server started from the machine's own binaries (initdb, pg_ctl): a temp data directory, a free loopback
/// port, a private socket directory, run as the <c>postgres</c> OS user when the test process is root. Stopped and deleted on
/// dispose; a server left behind by a crashed test process is cleaned up by the next start.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string DirectoryPrefix = "dataguard-pg-";
    private static int _databaseCounter;
    private readonly string _binDirectory;
    private readonly string _root;
    private bool _disposed;

    private PostgresServer(string binDirectory, string root, int port)
    {
        _binDirectory = binDirectory;
        _root = root;
        Port = port;
    }

    /// <summary>Gets the loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Gets the directory that holds the server's data, socket and log.</summary>
    public string Root => _root;

    private string DataDirectory => Path.Combine(_root, "data");

    /// <summary>Finds the directory of initdb and pg_ctl: on PATH, or in Debian's versioned folder (highest version).</summary>
    public static string? FindBinDirectory()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl")))
            {
                return directory;
            }
        }

        const string debian = "/usr/lib/postgresql";
        if (!Directory.Exists(debian))
        {
            return null;
        }

        return Directory.GetDirectories(debian)
            .Select(d => (Directory: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0))
            .Where(d => File.Exists(Path.Combine(d.Directory, "initdb")) && File.Exists(Path.Combine(d.Directory, "pg_ctl")))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Directory)
            .FirstOrDefault();
    }

    /// <summary>Starts a new server. Retries with another port when the chosen one is taken meanwhile.</summary>
    public static async Task<PostgresServer> StartAsync(string binDirectory, CancellationToken cancellationToken = default)
    {
        CleanUpAbandonedServers(binDirectory);
        var root = Path.Combine(Path.GetTempPath(), DirectoryPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "owner.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture), cancellationToken);
        try
        {
            if (Environment.IsPrivilegedProcess)
            {
                await RunAsync("chown", ["-R", "postgres:postgres", root], asPostgres: false, cancellationToken);
            }

            var data = Path.Combine(root, "data");
            await RunChecked(binDirectory, "initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "-N"], cancellationToken);

            Exception? last = null;
            for (var attempt = 0; attempt < 8; attempt++)
            {
                var port = FreePort();
                var options = $"-p {port} -h 127.0.0.1 -k {root} -F -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500 -c shared_buffers=32MB";
                var log = Path.Combine(root, $"server-{attempt}.log");
                var (exitCode, output) = await RunAsync(Path.Combine(binDirectory, "pg_ctl"), ["start", "-D", data, "-w", "-t", "60", "-l", log, "-o", options], asPostgres: true, cancellationToken);
                if (exitCode == 0)
                {
                    var server = new PostgresServer(binDirectory, root, port);
                    await server.WaitUntilReadyAsync(cancellationToken);
                    return server;
                }

                var text = output + (File.Exists(log) ? await File.ReadAllTextAsync(log, cancellationToken) : string.Empty);
                last = new InvalidOperationException($"pg_ctl start failed (exit {exitCode}): {text}");
                if (!text.Contains("could not bind", StringComparison.OrdinalIgnoreCase) && !text.Contains("already in use", StringComparison.OrdinalIgnoreCase))
                {
                    break;
                }
            }

            throw last!;
        }
        catch
        {
            TryDelete(root);
            throw;
        }
    }

    /// <summary>The connection string of a database on this server.</summary>
    public string ConnectionString(string database)
        => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=50;Connection Idle Lifetime=2;Connection Pruning Interval=1;Include Error Detail=true";

    /// <summary>Creates a new, empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = $"test_{Environment.ProcessId}_{Interlocked.Increment(ref _databaseCounter)}_{Guid.NewGuid().ToString("N")[..6]}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionString(name);
    }

    /// <summary>Whether a server process still runs from this server's data directory.</summary>
    public bool IsRunning() => File.Exists(Path.Combine(DataDirectory, "postmaster.pid"));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        NpgsqlConnection.ClearAllPools();
        await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["stop", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "30"], asPostgres: true, CancellationToken.None);
        TryDelete(_root);
    }

    /// <summary>Stops and deletes servers whose owning test process is gone (a crashed or killed run).</summary>
    private static void CleanUpAbandonedServers(string binDirectory)
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            var ownerFile = Path.Combine(directory, "owner.pid");
            if (File.Exists(ownerFile)
                && int.TryParse(File.ReadAllText(ownerFile), NumberStyles.Integer, CultureInfo.InvariantCulture, out var owner)
                && IsAlive(owner))
            {
                continue;
            }

            var data = Path.Combine(directory, "data");
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                RunAsync(Path.Combine(binDirectory, "pg_ctl"), ["stop", "-D", data, "-m", "immediate", "-w", "-t", "30"], asPostgres: true, CancellationToken.None)
                    .GetAwaiter().GetResult();
            }

            TryDelete(directory);
        }
    }

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static async Task RunChecked(string binDirectory, string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await RunAsync(Path.Combine(binDirectory, tool), arguments, asPostgres: true, cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed (exit {exitCode}): {output}");
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IReadOnlyList<string> arguments, bool asPostgres, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres && Environment.IsPrivilegedProcess)
        {
            start.FileName = File.Exists("/usr/sbin/runuser") ? "/usr/sbin/runuser" : "runuser";
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add("postgres");
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(fileName);
        }
        else
        {
            start.FileName = fileName;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException) when (i < 50)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }
}
