// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using DataGuard.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace DataGuard.Benchmarks;

/// <summary>
/// Encrypt + decrypt round trip of one value: DataGuard (each algorithm) against a naive raw AES-GCM round trip (the floor) and
/// ASP.NET Core's IDataProtector (what many applications do today).
/// </summary>
public class FieldEncryptionBenchmark
{
    private ServiceProvider _services = null!;
    private ColumnProtector _aes = null!;
    private ColumnProtector _xchacha = null!;
    private ColumnProtector _aegis = null!;
    private AesGcm _naive = null!;
    private IDataProtector _protector = null!;
    private string _value = string.Empty;

    [Params("phone-13", "transcript-2KB")]
    public string Payload { get; set; } = "phone-13";

    [GlobalSetup]
    public void Setup()
    {
        _value = Payload == "phone-13" ? "+919876543210" : new string('x', 2048);
        _services = BenchmarkServices.CreateAsync().GetAwaiter().GetResult();
        _aes = BenchmarkServices.Protector(_services, EncryptionAlgorithm.Aes256Gcm);
        _xchacha = BenchmarkServices.Protector(_services, EncryptionAlgorithm.XChaCha20Poly1305);
        _aegis = BenchmarkServices.Protector(_services, EncryptionAlgorithm.Aegis256);
        _naive = new AesGcm(RandomNumberGenerator.GetBytes(32), 16);
        _protector = _services.GetRequiredService<IDataProtectionProvider>().CreateProtector("benchmark");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _naive.Dispose();
        _services.Dispose();
    }

    [Benchmark(Baseline = true, Description = "naive AesGcm + RNG per nonce + base64")]
    public string NaiveAesGcm()
    {
        var plaintext = Encoding.UTF8.GetBytes(_value);
        var blob = new byte[12 + plaintext.Length + 16];
        var nonce = blob.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        _naive.Encrypt(nonce, plaintext, blob.AsSpan(12, plaintext.Length), blob.AsSpan(12 + plaintext.Length, 16));
        var stored = Convert.ToBase64String(blob);

        var read = Convert.FromBase64String(stored);
        var length = read.Length - 28;
        var result = new byte[length];
        _naive.Decrypt(read.AsSpan(0, 12), read.AsSpan(12, length), read.AsSpan(12 + length, 16), result);
        return Encoding.UTF8.GetString(result);
    }

    [Benchmark(Description = "DataGuard AES-256-GCM")]
    public string DataGuardAes256Gcm() => _aes.DecryptString(_aes.EncryptString(_value))!;

    [Benchmark(Description = "DataGuard XChaCha20-Poly1305")]
    public string DataGuardXChaCha20Poly1305() => _xchacha.DecryptString(_xchacha.EncryptString(_value))!;

    [Benchmark(Description = "DataGuard AEGIS-256")]
    public string DataGuardAegis256() => _aegis.DecryptString(_aegis.EncryptString(_value))!;

    [Benchmark(Description = "IDataProtector Protect/Unprotect")]
    public string DataProtection() => _protector.Unprotect(_protector.Protect(_value));
}
