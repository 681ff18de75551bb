namespace IpGuard.LoadGen.Simulation;

/// <summary>What a listing is made of beyond its seller's kind: its confounders and where its photos come from.</summary>
[Flags]
internal enum ListingTraits
{
    None = 0,

    /// <summary>An accessory that names the brand it fits and claims none.</summary>
    Accessory = 1,

    /// <summary>Genuine goods 40–60% off, "clearance" in the title.</summary>
    Clearance = 2,

    /// <summary>Generic goods whose title holds a word of the counterfeiters' vocabulary ("AAA batteries").</summary>
    CounterfeitVocabulary = 4,

    /// <summary>A counterfeit only 30–45% off its brand's reference price.</summary>
    MildDiscount = 8,

    /// <summary>Holds at least one of the brand's official photos (reused with the right, or stolen).</summary>
    OfficialPhotos = 16,

    /// <summary>Holds a stock or prep-center photo that unrelated sellers use too.</summary>
    SharedStockPhotos = 32,

    /// <summary>Holds a photo its counterfeit ring shares among its members.</summary>
    RingPhotos = 64,

    /// <summary>A re-registered account reusing a photo of its suspended original.</summary>
    ReusedPhotos = 128,

    /// <summary>Listed by an account that was silent for months before (honest or taken over), since its return.</summary>
    AfterDormancy = 256,

    /// <summary>Listed long before the run by an account that then went silent (its owner's genuine goods, withdrawn).</summary>
    BeforeDormancy = 512,
}
