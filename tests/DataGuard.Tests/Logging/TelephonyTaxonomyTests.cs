// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using DataGuard.Compliance;
using Microsoft.Extensions.Compliance.Classification;
using Xunit;

namespace DataGuard.Tests.Logging;

public sealed class TelephonyTaxonomyTests
{
    public static TheoryData<Type, string> Attributes => new()
    {
        { typeof(PhoneNumberDataAttribute), "PhoneNumber" },
        { typeof(PersonalNameDataAttribute), "PersonalName" },
        { typeof(EmailAddressDataAttribute), "EmailAddress" },
        { typeof(SmsContentDataAttribute), "SmsContent" },
        { typeof(CallContentDataAttribute), "CallContent" },
        { typeof(LocationDataAttribute), "Location" },
        { typeof(PaymentDataAttribute), "PaymentData" },
        { typeof(DeviceIdDataAttribute), "DeviceId" },
    };

    [Theory]
    [MemberData(nameof(Attributes))]
    public void Attribute_PublicParameterlessConstructor_CarriesItsClass(Type attributeType, string value)
    {
        Assert.NotNull(attributeType.GetConstructor(Type.EmptyTypes));
        var attribute = Assert.IsAssignableFrom<DataClassificationAttribute>(Activator.CreateInstance(attributeType));
        Assert.Equal(new DataClassification("DataGuard.Telephony", value), attribute.Classification);
        var property = typeof(TelephonyTaxonomy).GetProperty(value);
        Assert.Equal(attribute.Classification, property!.GetValue(null));
    }

    [Fact]
    public void Taxonomy_EightDistinctClasses_OneName()
    {
        var classes = typeof(TelephonyTaxonomy).GetProperties().Select(p => (DataClassification)p.GetValue(null)!).ToList();
        Assert.Equal(8, classes.Count);
        Assert.Equal(8, classes.Distinct().Count());
        Assert.All(classes, c => Assert.Equal(TelephonyTaxonomy.TaxonomyName, c.TaxonomyName));
        Assert.Equal("DataGuard.Telephony", TelephonyTaxonomy.TaxonomyName);
    }
}
