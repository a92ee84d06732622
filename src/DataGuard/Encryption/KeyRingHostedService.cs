// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataGuard.Encryption;

/// <summary>
/// Loads the key ring when the host starts (so that a missing key-encryption key fails start-up, not the first request),
/// then refreshes it periodically and rotates the data key when it expires.
/// </summary>
internal sealed class KeyRingHostedService : IHostedService, IDisposable
{
    private readonly KeyRing _ring;
    private readonly IKeyEncryptionKey _kek;
    private readonly IOptions<DataProtectionOptions> _dataProtectionOptions;
    private readonly FieldEncryptionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<KeyRingHostedService> _logger;
    private readonly IServiceProvider _services;
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    public KeyRingHostedService(
        KeyRing ring,
        IKeyEncryptionKey kek,
        IOptions<DataProtectionOptions> dataProtectionOptions,
        IOptions<FieldEncryptionOptions> options,
        TimeProvider time,
        ILogger<KeyRingHostedService> logger,
        IServiceProvider services)
    {
        _ring = ring;
        _kek = kek;
        _dataProtectionOptions = dataProtectionOptions;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _services = services;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_kek is DataProtectionKeyEncryptionKey && !HasDataProtectionApplicationName())
        {
            Log.NoDataProtectionApplicationName(_logger);
        }

        await _ring.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _ring.RotateIfExpiredAsync(cancellationToken).ConfigureAwait(false);
        _stopping = new CancellationTokenSource();
        _loop = RefreshLoopAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null || _loop is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping?.Dispose();

    /// <summary>
    /// Whether Data Protection was given an application name. Without SetApplicationName its discriminator is not empty in a host:
    /// it defaults to the content root path (<see cref="DataProtectionUtilityExtensions.GetApplicationUniqueIdentifier"/>), which
    /// differs between deployments, so that default counts as no name.
    /// </summary>
    private bool HasDataProtectionApplicationName()
    {
        var discriminator = _dataProtectionOptions.Value.ApplicationDiscriminator;
        return !string.IsNullOrEmpty(discriminator)
            && !string.Equals(discriminator, _services.GetApplicationUniqueIdentifier(), StringComparison.Ordinal);
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.KeyRefreshInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await _ring.RefreshAsync(cancellationToken).ConfigureAwait(false);
                    await _ring.RotateIfExpiredAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.KeyRingRefreshFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
