W2870asian
BC-Test
