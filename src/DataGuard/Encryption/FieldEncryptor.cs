// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DataGuard.Telemetry;
using Microsoft.Extensions.Options;

namespace DataGuard.Encryption;

/// <summary>
/// The entry point integrations use: creates the <see cref="ColumnProtector"/> of each protected column. One per service
/// provider; its identity is the identity of the key ring (EF Core keys its internal service provider on it).
/// </summary>
internal sealed class FieldEncryptor
{
    private readonly IReadOnlyDictionary<string, IBlindIndexNormalizer> _normalizers;

    public FieldEncryptor(KeyRing ring, IOptions<FieldEncryptionOptions> options, IEnumerable<IBlindIndexNormalizer> normalizers, DataGuardMetrics metrics)
    {
        Ring = ring;
        Options = options.Value;
        Metrics = metrics;
        var map = new Dictionary<string, IBlindIndexNormalizer>(StringComparer.Ordinal);
        foreach (var normalizer in normalizers)
        {
            map.TryAdd(normalizer.Name, normalizer);
        }

        _normalizers = map;
    }

    public KeyRing Ring { get; }

    public FieldEncryptionOptions Options { get; }

    public DataGuardMetrics Metrics { get; }

    public IEnumerable<string> NormalizerNames => _normalizers.Keys;

    public static bool IsSupportedType(Type type) => type == typeof(string) || type == typeof(byte[]) || ValueCodec.IsSupported(type);

    /// <summary>Creates the protector of a column, or throws <see cref="InvalidOperationException"/> naming what is wrong.</summary>
    public ColumnProtector CreateColumnProtector(ColumnProtectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var where = $"{settings.Table}.{settings.Column}";
        if (!IsSupportedType(settings.ValueType))
        {
            throw new InvalidOperationException(
                $"DataGuard cannot encrypt {where}: its type {settings.ValueType.Name} is not supported. Supported types: string, byte[], "
                + string.Join(", ", ValueCodec.SupportedTypes.Select(t => t.Name)) + " (and their nullable forms).");
        }

        if (settings.Algorithm != EncryptionAlgorithm.Default && !AlgorithmParameters.IsKnown(settings.Algorithm))
        {
            throw new InvalidOperationException($"DataGuard cannot encrypt {where}: algorithm '{settings.Algorithm}' is unknown.");
        }

        if (string.IsNullOrWhiteSpace(settings.AssociatedDataName))
        {
            throw new InvalidOperationException($"DataGuard cannot encrypt {where}: its associated-data name is empty.");
        }

        var normalizerName = settings.NormalizerName ?? BlindIndexNormalizers.Ordinal;
        if (!_normalizers.TryGetValue(normalizerName, out var normalizer))
        {
            throw new InvalidOperationException(
                $"DataGuard cannot index {where}: no blind-index normaliser is named '{normalizerName}'. Registered: "
                + string.Join(", ", _normalizers.Keys) + ". Register one with AddBlindIndexNormalizer<T>().");
        }

        if (settings.NormalizerName is not null && settings.ValueType != typeof(string) && normalizerName != BlindIndexNormalizers.Ordinal)
        {
            throw new InvalidOperationException($"DataGuard cannot index {where}: normalisers apply to string properties only.");
        }

        return new ColumnProtector(settings, Ring, Options, normalizer, Metrics);
    }
}
