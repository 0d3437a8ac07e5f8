from dutygraph.loaders.normalize import normalize


def test_normalize_is_aligned_and_simplifies():
    # 赣州 file, line 99: traditional text with a bracketed collective unit
    s = "各縣〔市、區〕人民政府"
    n = normalize(s)
    assert n == "各县(市、区)人民政府"
    assert len(n) == len(s)


def test_normalize_folds_fullwidth():
    assert normalize("（一）優化開辦企業環節；") == "(一)优化开办企业环节;"
