"""Ways a patient would ask each new topic's question (issue 15), none of them among the item's own
`questions`: used by the content tests (store) and the conversation tests (REST channel)."""

NEW_TOPICS = {
    "drugs-around-local-treatment": [
        "will i have to come off my tablets before sbrt",
        "does my chemotherapy stop around the operation",
    ],
    "radiotherapy-with-immunotherapy": [
        "is it safe to combine radiotherapy and immunotherapy",
        "nivolumab and radiotherapy together side effects",
    ],
    "costs-travel-and-work": ["who pays for my travel to the hospital", "can my employer sack me for having cancer"],
    "sbrt-treatment-day": ["what happens on the day of my radiotherapy planning", "will i get tattoos for sabr"],
    "will-treatment-hurt": ["will the procedure hurt", "does ablation hurt"],
    "recovery-after-lung-surgery": [
        "how long does the drain stay in after lung surgery",
        "how will i recover after a lobectomy",
    ],
    "if-spots-come-back": [
        "what if the cancer comes back after treatment",
        "how often will i have check ups and scans",
    ],
    "treatment-liver-spots": ["what can be done for liver metastases", "side effects of treating a liver spot"],
    "treatment-bone-spine-spots": ["radiotherapy for a spine metastasis", "how is a bone metastasis treated"],
    "treatment-lymph-node-spots": ["what is the treatment for lymph node spread", "radiotherapy to the lymph glands"],
    "brain-spots-more-than-a-few": [
        "can they still treat my brain metastases if there are lots of spots",
        "should i tell the dvla about my brain tumour",
    ],
    "am-i-fit-enough": ["am i too old for an operation at 80", "what does fit for treatment mean"],
    "quality-of-life-and-support": ["i feel low who can help me", "is palliative care only for the end of life"],
    "choosing-not-to-have-local-treatment": [
        "can i refuse treatment of the spots",
        "i do not want to have the spots treated",
    ],
    "new-biopsy-or-new-tablet": [
        "do i need a new biopsy when my tablet stops working",
        "can a blood test show why my egfr tablet stopped working",
    ],
}


# Questions two items answer word for word: either is right. Both items state the DVLA rule ("anyone with brain
# spots must tell the DVLA"), one of them titled "Side effects of radiosurgery to the brain, and driving".
EQUALLY_GOOD = {"should i tell the dvla about my brain tumour": {"radiosurgery-side-effects"}}
