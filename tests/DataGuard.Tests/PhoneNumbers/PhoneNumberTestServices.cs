// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.Encryption;
using DataGuard.PhoneNumbers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataGuard.Tests.PhoneNumbers;

/// <summary>Real phone-number services, built the way an application builds them.</summary>
internal sealed class PhoneNumberTestServices : IDisposable
{
    private readonly ServiceProvider _provider;

    private PhoneNumberTestServices(ServiceProvider provider) => _provider = provider;

    public IPhoneNumberNormalizer Normalizer => _provider.GetRequiredService<IPhoneNumberNormalizer>();

    public PhoneNumberNormalizer ConcreteNormalizer => (PhoneNumberNormalizer)Normalizer;

    public IPhoneNumberMasker Masker => _provider.GetRequiredService<IPhoneNumberMasker>();

    public IBlindIndexNormalizer BlindIndexNormalizer
    {
        get
        {
            foreach (var normalizer in _provider.GetServices<IBlindIndexNormalizer>())
            {
                if (normalizer.Name == "phone")
                {
                    return normalizer;
                }
            }

            throw new InvalidOperationException("No phone blind-index normaliser.");
        }
    }

    public PhoneNumberOptions Options => _provider.GetRequiredService<IOptions<PhoneNumberOptions>>().Value;

    public static PhoneNumberTestServices Create(string? defaultRegion = null, Action<PhoneNumberOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg.AddPhoneNumbers(o =>
        {
            o.DefaultRegion = defaultRegion;
            configure?.Invoke(o);
        }));
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        return new PhoneNumberTestServices(provider);
    }

    public void Dispose() => _provider.Dispose();
}
